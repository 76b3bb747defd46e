using AbStudio.Web.Realtime;

namespace AbStudio.Web.Hosting;

public static class RealtimeExtensions
{
    public static WebApplicationBuilder AddAbStudioRealtime(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<StatusNotifier>();
        builder.Services.AddSingleton<Domain.Lifecycle.IStatusObserver>(services => services.GetRequiredService<StatusNotifier>());
        builder.Services.AddSingleton<StatusSnapshots>();
        builder.Services.AddHostedService<StatusHubBroadcaster>();

        // Workers' status reaches the pages and hub clients of hosts that serve users through the database.
        builder.Services.AddSettings<StatusRelayOptions>(StatusRelayOptions.Section);
        builder.Services.AddHostedServiceFor<StatusRelay>(HostRoles.ServesUsers);
        return builder;
    }

    public static WebApplication MapAbStudioRealtime(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Signed in (cookie or token) to connect; each Watch then checks the item's team.
        app.MapHub<StatusHub>("/hubs/status").RequireAuthorization(Features.Accounts.Policies.Read);
        return app;
    }
}
