using AbStudio.Web.Components;
using AbStudio.Web.Features.Accounts;
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

    /// <summary>The console's error and not-found pages, static assets and pages (antiforgery runs with authorization: SecurityExtensions).</summary>
    public static WebApplication MapAbStudioUi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        // The console's not-found page, for the console's own paths: machine endpoints keep their bare
        // status (a 401 from /metrics must not become a sign-in redirect), and the API writes problems.
        // (Not in a UseWhen branch: only on the app itself does the re-execution get routing of its own.)
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.Use((context, next) =>
        {
            // A page re-executed for a POST would be a form post without its antiforgery token (400): bare status instead.
            var pageRequest = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
            if ((!pageRequest || SignInCookie.IsMachinePath(context.Request.Path)) && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }

            return next(context);
        });
        // Stylesheets, scripts and icons: the sign-in page needs them before anyone is signed in.
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
