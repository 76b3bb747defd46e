using AbStudio.Web.Observability;
using Prometheus;

namespace AbStudio.Web.Hosting;

public static class MetricsExtensions
{
    public static WebApplicationBuilder AddAbStudioMetrics(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<AbStudioMetrics>();
        builder.Services.AddSingleton<QueueDepthMetric>();
        return builder;
    }

    /// <summary><c>GET /metrics</c> on every role: workers hold the job metrics, web hosts the rest.</summary>
    public static WebApplication MapAbStudioMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var metrics = app.Services.GetRequiredService<AbStudioMetrics>();
        metrics.Registry.AddBeforeCollectCallback(app.Services.GetRequiredService<QueueDepthMetric>().RefreshAsync);
        app.MapMetrics("/metrics", metrics.Registry);
        return app;
    }
}
