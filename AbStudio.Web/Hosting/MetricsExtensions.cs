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

    /// <summary>
    /// <c>GET /metrics</c> on every role (workers hold the job metrics, web hosts the rest), for an
    /// admin's bearer token unless <c>Metrics:RequireToken=false</c> (then for anyone who reaches the
    /// port: keep such a host off shared networks). docs/operations.md has the Prometheus scrape block.
    /// </summary>
    public static WebApplication MapAbStudioMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var metrics = app.Services.GetRequiredService<AbStudioMetrics>();
        metrics.Registry.AddBeforeCollectCallback(app.Services.GetRequiredService<QueueDepthMetric>().RefreshAsync);
        var endpoint = app.MapMetrics("/metrics", metrics.Registry);
        if (app.Configuration.GetValue("Metrics:RequireToken", defaultValue: true))
        {
            endpoint.RequireAuthorization(Features.Accounts.Policies.Metrics);
        }
        else
        {
            endpoint.AllowAnonymous();
        }

        return app;
    }
}
