using System.Security.Cryptography;
using AbStudio.Domain.Governance;
using AbStudio.Identity;
using AbStudio.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AbStudio.Web.Features.Accounts;

/// <summary>What the first start did about the admin: nothing (it exists), or created it with a password shown once.</summary>
public sealed record InitialAdminNotice(string? GeneratedPassword, string? PasswordFile);

/// <summary>
/// The first start's admin account (docs/adr/0006): created once, with the configured password or a
/// generated one written to <c>DATA_DIRECTORY/initial-admin-password</c> (mode 0600). Later starts
/// change nothing. The password never goes through the logger.
/// </summary>
public sealed partial class InitialAdminAccount(
    AccountSetup setup,
    UserManager<AbStudioUser> users,
    IOptions<AuthSettings> auth,
    IOptions<StorageSettings> storage,
    ILogger<InitialAdminAccount> logger)
{
    public const string UserName = "admin";
    public const string PasswordFileName = "initial-admin-password";
    private const int GeneratedLength = 24;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string PasswordFile(StorageSettings storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return Path.Combine(storage.ResolveDataDirectory(), PasswordFileName);
    }

    /// <summary>24 characters of 62 (about 143 bits), letters and digits only so it survives any terminal and clipboard.</summary>
    public static string GeneratePassword() => new(RandomNumberGenerator.GetItems<char>(Alphabet, GeneratedLength));

    /// <summary>Creates the admin when no user holds the Admin role; null when nothing was done.</summary>
    public async Task<InitialAdminNotice?> EnsureAsync()
    {
        await setup.EnsureRolesAsync();
        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0)
        {
            var file = PasswordFile(storage.Value);
            if (File.Exists(file))
            {
                LogPasswordStillInFile(UserName, file);
            }

            return null;
        }

        AbStudioUser admin;
        try
        {
            (admin, _) = await setup.FindOrCreateUserAsync(UserName);
        }
        catch (DbUpdateException)
        {
            // Another host on the same database created it a moment ago: that one shows the password.
            return null;
        }

        var configured = auth.Value.InitialAdminPassword;
        var password = string.IsNullOrEmpty(configured) ? GeneratePassword() : configured;
        if (!await users.HasPasswordAsync(admin))
        {
            AccountSetup.Check(await users.AddPasswordAsync(admin, password), $"set the password of {UserName}");
        }

        await setup.EnsureRoleAsync(admin, Roles.Admin);

        // Admins see every team anyway; the membership makes the default team the admin's own for
        // what they create (an upload with no team field goes to the uploader's only team).
        await setup.EnsureTeamMemberAsync(Team.DefaultName, admin.Id);
        if (!string.IsNullOrEmpty(configured))
        {
            LogCreated(UserName, "Auth:InitialAdminPassword");
            return new InitialAdminNotice(null, null);
        }

        var path = WritePasswordFile(password);
        LogCreated(UserName, path);
        return new InitialAdminNotice(password, path);
    }

    /// <summary>The banner, on the console only: the one place the generated password is shown.</summary>
    public static void PrintBanner(TextWriter console, InitialAdminNotice notice, IEnumerable<string> urls)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(notice);
        var url = urls.FirstOrDefault() ?? "http://127.0.0.1:5000";
        var rule = new string('=', 72);
        console.WriteLine(rule);
        console.WriteLine($"AbStudio: the admin account '{UserName}' has been created.");
        if (notice.GeneratedPassword is not null)
        {
            console.WriteLine($"  Open {url} and sign in as {UserName} with the password {notice.GeneratedPassword}");
            console.WriteLine($"  (also in {notice.PasswordFile}, readable only by you; deleted when you change the password).");
        }
        else
        {
            console.WriteLine($"  Open {url} and sign in as {UserName} with the password set in Auth:InitialAdminPassword.");
        }

        console.WriteLine("  Then change it (account menu, top right) and create users' tokens with 'token create'.");
        console.WriteLine(rule);
        console.Flush();
    }

    private string WritePasswordFile(string password)
    {
        var path = PasswordFile(storage.Value);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // A leftover from an earlier database would keep its old mode: start from a new file.
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, options);
        writer.WriteLine(password);
        return path;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created the {UserName} account; its password is in {PasswordSource}")]
    private partial void LogCreated(string userName, string passwordSource);

    [LoggerMessage(Level = LogLevel.Information, Message = "The {UserName} password is still the initial one, in {File}, until it is changed")]
    private partial void LogPasswordStillInFile(string userName, string file);
}
