using AbStudio.Web.Components;
using MudBlazor.Services;

namespace AbStudio.Web.Hosting;

public static class UiExtensions
{
    public static WebApplicationBuilder AddAbStudioUi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();

        // The console's confirm-then-delete, used by several features; scoped like the dialog service it opens.
        builder.Services.AddScoped<Components.Shared.DeletionPrompt>();
        return builder;
    }

    /// <summary>The request pipeline: errors, request logging, static assets, the console, health.</summary>
    public static WebApplication MapAbStudioUi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
