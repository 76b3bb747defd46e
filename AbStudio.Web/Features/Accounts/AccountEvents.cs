using Microsoft.AspNetCore.Identity;

namespace AbStudio.Web.Features.Accounts;

/// <summary>
/// Log events of sign-in and sign-out (token events are ApiTokens'), named by user name only: never a
/// password, whatever was typed. They become audit rows once the audit service lands (step 9).
/// </summary>
public sealed partial class AccountEvents(ILogger<AccountEvents> logger)
{
    public void SignInAttempt(string userName, SignInResult result) => SignInAttempt(userName, result, "password");

    /// <summary>A sign-in by <paramref name="method"/>: <c>password</c>, or <c>oidc</c> (single sign-on).</summary>
    public void SignInAttempt(string userName, SignInResult result, string method)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Succeeded)
        {
            LogSignedIn(userName, method);
        }
        else
        {
            LogSignInRefused(userName, method, result.IsLockedOut ? "locked out" : result.IsNotAllowed ? "not allowed" : method == "password" ? "wrong user name or password" : "refused");
        }
    }

    public void SignedOut(string? userName) => LogSignedOut(userName);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserName} signed in ({Method})")]
    private partial void LogSignedIn(string userName, string method);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in refused for user name {UserName} ({Method}): {Reason}")]
    private partial void LogSignInRefused(string userName, string method, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserName} signed out")]
    private partial void LogSignedOut(string? userName);
}
