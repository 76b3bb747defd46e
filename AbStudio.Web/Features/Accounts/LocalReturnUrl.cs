namespace AbStudio.Web.Features.Accounts;

/// <summary>Where to go after sign-in: only a path on this host, so a crafted link cannot send a user elsewhere.</summary>
public static class LocalReturnUrl
{
    public static string Or(string? returnUrl, string fallback) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            && !url.Contains("://", StringComparison.Ordinal) && !url.StartsWith(SignInCookie.SignInPath, StringComparison.OrdinalIgnoreCase)
            ? url
            : fallback;
}
