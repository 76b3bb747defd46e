using AbStudio.Web.Realtime;

namespace AbStudio.Web.Hosting;

public static class RealtimeExtensions
{
    public static WebApplicationBuilder AddAbStudioRealtime(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<StatusNotifier>();
        builder.Services.AddSingleton<StatusSnapshots>();
        builder.Services.AddHostedService<StatusHubBroadcaster>();
        return builder;
    }

    public static WebApplication MapAbStudioRealtime(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHub<StatusHub>("/hubs/status");
        return app;
    }
}
