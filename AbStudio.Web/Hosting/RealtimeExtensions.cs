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
        if (HostRoles.From(builder.Configuration).ServesUsers())
        {
            // Workers' status reaches this host's pages and hub clients through the database.
            builder.Services.AddSingleton(builder.Configuration.GetSection(StatusRelayOptions.Section).Get<StatusRelayOptions>() ?? new StatusRelayOptions());
            builder.Services.AddHostedService<StatusRelay>();
        }

        return builder;
    }

    public static WebApplication MapAbStudioRealtime(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHub<StatusHub>("/hubs/status");
        return app;
    }
}
