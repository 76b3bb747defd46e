using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using AbStudio.Identity;
using AbStudio.Tests.TestSupport;
using AbStudio.Web.Features.Accounts;
using AbStudio.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Tests.Web.Features.Accounts;

/// <summary>The first start's admin account, through the real host process on a fresh data directory.</summary>
public sealed partial class InitialAdminAccountTests : IDisposable
{
    private const string BannerEnd = "========================================================================";
    private readonly string _directory = Directory.CreateTempSubdirectory("abstudio-admin-").FullName;

    private string DataDirectory => Path.Combine(_directory, "data");

    private string PasswordFile => Path.Combine(DataDirectory, InitialAdminAccount.PasswordFileName);

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the file's mode is a Unix permission
    public async Task FirstStart_NoPasswordConfigured_CreatesOneAdminPrintsTheBannerOnceAndWritesAPrivateFile()
    {
        var output = await StartAndStopAsync(expectBanner: true);

        var password = BannerPassword().Match(output).Groups[1].Value;
        Assert.Equal(24, password.Length);
        Assert.Matches(@"Open http://127\.0\.0\.1:\d+ and sign in as admin with the password ", output);
        Assert.Equal(1, Regex.Count(output, Regex.Escape(password)));
        Assert.Equal(password, (await File.ReadAllTextAsync(PasswordFile, TestContext.Current.CancellationToken)).Trim());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PasswordFile));
        var admin = await SingleAdminAsync();
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<AbStudioUser>().VerifyHashedPassword(admin, admin.PasswordHash!, password));
        AssertNotLogged(output, password, admin.PasswordHash!);
    }

    [Fact]
    public async Task SecondStart_AfterTheFirst_KeepsTheAdminAndTheFileAndPrintsNoPassword()
    {
        await StartAndStopAsync(expectBanner: true);
        var file = await File.ReadAllTextAsync(PasswordFile, TestContext.Current.CancellationToken);
        var admin = await SingleAdminAsync();

        var second = await StartAndStopAsync(expectBanner: false);

        Assert.DoesNotContain("the admin account has been created", second, StringComparison.Ordinal);
        Assert.DoesNotContain(file.Trim(), second, StringComparison.Ordinal);
        Assert.Equal(file, await File.ReadAllTextAsync(PasswordFile, TestContext.Current.CancellationToken));
        var again = await SingleAdminAsync();
        Assert.Equal((admin.Id, admin.PasswordHash), (again.Id, again.PasswordHash));
    }

    [Fact]
    public async Task FirstStart_PasswordConfigured_UsesItAndWritesNoFile()
    {
        const string configured = "correct-horse-battery-staple";

        var output = await StartAndStopAsync(expectBanner: true, $"--Auth:InitialAdminPassword={configured}");

        Assert.Contains("sign in as admin with the password set in Auth:InitialAdminPassword.", output, StringComparison.Ordinal);
        Assert.False(File.Exists(PasswordFile));
        var admin = await SingleAdminAsync();
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<AbStudioUser>().VerifyHashedPassword(admin, admin.PasswordHash!, configured));
        Assert.DoesNotContain(configured, output, StringComparison.Ordinal);
        AssertNotLogged(output, configured, admin.PasswordHash!);
    }

    [Fact]
    public async Task Start_InitialPasswordTooShort_ExitsNamingTheKeyWithoutRepeatingIt()
    {
        var result = await HostProcess.RunAsync(_directory, "--Auth:InitialAdminPassword=hunter2", $"--Storage:DataDirectory={DataDirectory}");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Auth:InitialAdminPassword is shorter than 12 characters", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AccountsOff_SaysSoLoudlyAndCreatesNoAdmin()
    {
        var output = await StartAndStopAsync(expectBanner: false, "--Auth:Mode=none");

        Assert.Contains("ANYONE WHO CAN REACH THIS HOST CAN DO EVERYTHING", output, StringComparison.Ordinal);
        Assert.False(File.Exists(PasswordFile));
        await using var accounts = Accounts();
        Assert.Equal(0, await accounts.Users.CountAsync(TestContext.Current.CancellationToken));
    }

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
    }

    // Neither the password nor its hash in any structured log line (console) nor in the log files.
    private void AssertNotLogged(string output, string password, string hash)
    {
        var logLines = output.Split('\n').Where(line => line.TrimStart().StartsWith('{')).ToList();
        Assert.NotEmpty(logLines);
        var logFiles = Directory.EnumerateFiles(Path.Combine(DataDirectory, "logs"), "*", SearchOption.AllDirectories).Select(File.ReadAllText).ToList();
        Assert.NotEmpty(logFiles);
        foreach (var text in logLines.Concat(logFiles))
        {
            Assert.DoesNotContain(password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(hash, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(hash, output, StringComparison.Ordinal);
    }

    private async Task<string> StartAndStopAsync(bool expectBanner, params string[] settings)
    {
        var output = new StringBuilder();
        using var process = HostProcess.Start(_directory, output,
            ["--urls=http://127.0.0.1:0", $"--Storage:DataDirectory={DataDirectory}", "--Datasets:SeedDemo=false", "--Embeddings:FetchModelsOnStart=false", .. settings]);
        try
        {
            var started = Stopwatch.GetTimestamp();
            while (!Printed(output, "Application started") || (expectBanner && !Regex.IsMatch(Snapshot(output), $"created\\.[\\s\\S]*{BannerEnd}")))
            {
                if (process.HasExited || Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(60))
                {
                    throw new InvalidOperationException($"The host did not start as expected:\n{Snapshot(output)}");
                }

                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            // The banner is printed in the same started callback as that log line: give it a moment either way.
            await Task.Delay(300, TestContext.Current.CancellationToken);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            }
        }

        return Snapshot(output);
    }

    private async Task<AbStudioUser> SingleAdminAsync()
    {
        await using var accounts = Accounts();
        var admins = await accounts.UserRoles.Join(accounts.Roles.Where(r => r.Name == Roles.Admin), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId)
            .Join(accounts.Users, id => id, u => u.Id, (_, u) => u).ToListAsync(TestContext.Current.CancellationToken);
        var admin = Assert.Single(admins);
        Assert.Equal(InitialAdminAccount.UserName, admin.UserName);
        Assert.Equal(1, await accounts.Users.CountAsync(TestContext.Current.CancellationToken));
        return admin;
    }

    private AccountsDbContext Accounts()
    {
        var options = new DbContextOptionsBuilder<AccountsDbContext>();
        PersistenceExtensions.Configure(options, DatabaseProvider.Sqlite, $"Data Source={Path.Combine(DataDirectory, "abstudio.db")};Pooling=False", AccountsDbContext.MigrationsHistoryTable);
        return new AccountsDbContext(options.Options);
    }

    private static bool Printed(StringBuilder output, string text) => Snapshot(output).Contains(text, StringComparison.Ordinal);

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    [GeneratedRegex("sign in as admin with the password ([A-Za-z0-9]{24})\\s")]
    private static partial Regex BannerPassword();
}
