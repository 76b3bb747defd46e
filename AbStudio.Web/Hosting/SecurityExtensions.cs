using System.Security.Cryptography;

namespace AbStudio.Web.Hosting;

/// <summary>
/// Who is calling and what every response tells the browser (docs/security.md). Host filtering is the
/// framework's, driven by <c>AllowedHosts</c> (loopback names by default, <c>*</c> only in Development).
/// </summary>
public static class SecurityExtensions
{
    private const string NonceKey = "abstudio:csp-nonce";

    /// <summary>The nonce of this response's Content-Security-Policy, for the page's one inline script (the import map).</summary>
    public static string CspNonce(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items[NonceKey] as string ?? "";
    }

    /// <summary>Security headers on every response; first in the pipeline, so refusals carry them too.</summary>
    public static WebApplication UseAbStudioSecurityHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // The single sign-on button posts a form whose answer redirects to the provider; browsers hold
        // form-action to redirects too, so the provider's origin is allowed there (and nowhere else).
        var oidc = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Features.Accounts.OidcSettings>>().Value;
        var formAction = oidc.Enabled && Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var authority)
            ? $"form-action 'self' {authority.GetLeftPart(UriPartial.Authority)}"
            : "form-action 'self'";
        app.Use((context, next) =>
        {
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.XFrameOptions = "DENY";

            // The API reference page (Scalar) brings its own inline scripts; it shows documentation only.
            if (!context.Request.Path.StartsWithSegments("/api/reference"))
            {
                // MudBlazor and Plotly set inline styles, so styles allow them; scripts come only from
                // this host, plus the import map carrying this response's nonce.
                headers.ContentSecurityPolicy =
                    $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
                    $"font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; {formAction}; object-src 'none'";
            }

            return next(context);
        });
        return app;
    }

    /// <summary>
    /// Who is calling, whether they may, and the antiforgery check of forms; after the error handling
    /// (so a 401 or 403 gets a problem body or the console's page) and before the endpoints run.
    /// </summary>
    public static WebApplication UseAbStudioAuthorization(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }
}
