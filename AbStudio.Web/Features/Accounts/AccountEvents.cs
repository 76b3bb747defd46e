using Microsoft.AspNetCore.Identity;

namespace AbStudio.Web.Features.Accounts;

/// <summary>
/// Log events of sign-in and sign-out (token events are ApiTokens'), named by user name only: never a
/// password, whatever was typed. They become audit rows once the audit service lands (step 9).
/// </summary>
public sealed partial class AccountEvents(ILogger<AccountEvents> logger)
{
    public void SignInAttempt(string userName, SignInResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Succeeded)
        {
            LogSignedIn(userName);
        }
        else
        {
            LogSignInRefused(userName, result.IsLockedOut ? "locked out" : result.IsNotAllowed ? "not allowed" : "wrong user name or password");
        }
    }

    public void SignedOut(string? userName) => LogSignedOut(userName);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserName} signed in")]
    private partial void LogSignedIn(string userName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in refused for user name {UserName}: {Reason}")]
    private partial void LogSignInRefused(string userName, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserName} signed out")]
    private partial void LogSignedOut(string? userName);
}
