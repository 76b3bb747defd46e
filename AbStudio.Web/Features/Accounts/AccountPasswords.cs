using AbStudio.Identity;
using AbStudio.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AbStudio.Web.Features.Accounts;

/// <summary>Password changes; the first change of the initial admin's password deletes the file that held it.</summary>
public sealed partial class AccountPasswords(UserManager<AbStudioUser> users, IOptions<StorageSettings> storage, ILogger<AccountPasswords> logger)
{
    /// <summary>Changes the password when <paramref name="current"/> is right; the result's errors say which rule failed, never the password.</summary>
    public async Task<IdentityResult> ChangeAsync(Guid userId, string current, string next)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(next);
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return IdentityResult.Failed(new IdentityError { Code = "UnknownUser", Description = "No such user." });
        }

        var result = await users.ChangePasswordAsync(user, current, next);
        if (!result.Succeeded)
        {
            LogRefused(user.UserName, string.Join(",", result.Errors.Select(e => e.Code)));
            return result;
        }

        LogChanged(user.UserName);
        if (string.Equals(user.UserName, InitialAdminAccount.UserName, StringComparison.Ordinal))
        {
            // The printed password is no longer the password: the file would only mislead, or leak an old habit.
            var file = InitialAdminAccount.PasswordFile(storage.Value);
            if (File.Exists(file))
            {
                File.Delete(file);
                LogFileDeleted(file);
            }
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Password changed for user {UserName}")]
    private partial void LogChanged(string? userName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Password change refused for user {UserName}: {Codes}")]
    private partial void LogRefused(string? userName, string codes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {File}: the initial admin password has been changed")]
    private partial void LogFileDeleted(string file);
}
