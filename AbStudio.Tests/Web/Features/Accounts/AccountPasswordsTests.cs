using AbStudio.Identity;
using AbStudio.Tests.Domain.Persistence;
using AbStudio.Web.Features.Accounts;
using AbStudio.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.Web.Features.Accounts;

/// <summary>Password changes through the slice's real services; the initial admin's file goes with the first change.</summary>
public abstract class AccountPasswordsTests(DatabaseFixture database) : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("abstudio-passwords-").FullName;
    private WebApplication? _app;

    private IServiceProvider Services => (_app ?? throw new InvalidOperationException("Not initialized.")).Services;

    private string PasswordFile => Path.Combine(_dataDirectory, InitialAdminAccount.PasswordFileName);

    public ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = _dataDirectory,
            ["Database:Provider"] = database.Provider.ToString(),
            ["Database:ConnectionString"] = database.ConnectionString,
        });
        builder.AddAbStudioPersistence().AddAccounts();
        _app = builder.Build();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Change_InitialAdminWithTheRightPassword_ChangesItAndDeletesTheFile()
    {
        var (admin, initial) = await InitialAdminAsync();
        const string next = "a much longer passphrase";

        var wrong = await ChangeAsync(admin.Id, "not the password", next);
        Assert.False(wrong.Succeeded);
        Assert.True(File.Exists(PasswordFile));

        var right = await ChangeAsync(admin.Id, initial, next);

        Assert.True(right.Succeeded, string.Join(" ", right.Errors.Select(e => e.Description)));
        Assert.False(File.Exists(PasswordFile));
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AbStudioUser>>();
        Assert.True(await users.CheckPasswordAsync((await users.FindByIdAsync(admin.Id.ToString()))!, next));
    }

    [Fact]
    public async Task Change_TooShortPassword_IsRefusedAndTheFileStays()
    {
        var (admin, initial) = await InitialAdminAsync();

        var result = await ChangeAsync(admin.Id, initial, "short");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Code == "PasswordTooShort");
        Assert.True(File.Exists(PasswordFile));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Directory.Delete(_dataDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }

    // Each test class has its own database, but two tests share it: the admin is created once.
    private async Task<(AbStudioUser Admin, string Password)> InitialAdminAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var notice = await scope.ServiceProvider.GetRequiredService<InitialAdminAccount>().EnsureAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AbStudioUser>>();
        var admin = (await users.FindByNameAsync(InitialAdminAccount.UserName))!;
        if (notice?.GeneratedPassword is { } generated)
        {
            return (admin, generated);
        }

        // Created by the other test: give it a known password and file again.
        const string reset = "reset-initial-password";
        await users.RemovePasswordAsync(admin);
        await users.AddPasswordAsync(admin, reset);
        await File.WriteAllTextAsync(PasswordFile, reset, TestContext.Current.CancellationToken);
        return (admin, reset);
    }

    private async Task<IdentityResult> ChangeAsync(Guid userId, string current, string next)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AccountPasswords>().ChangeAsync(userId, current, next);
    }
}

public sealed class SqliteAccountPasswordsTests(SqliteDatabaseFixture database)
    : AccountPasswordsTests(database), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgresAccountPasswordsTests(PostgresDatabaseFixture database)
    : AccountPasswordsTests(database), IClassFixture<PostgresDatabaseFixture>;
