using System.Net;
using AbStudio.Identity;
using AbStudio.Web.Features.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(AbStudio.E2E.Support.AppHostFixture))]

namespace AbStudio.E2E.Support;

/// <summary>
/// The real host, in-process on a real Kestrel port on 127.0.0.1, with a fresh SQLite data
/// directory, and one headless Debian Chromium that every test opens pages in.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The console user every test acts as: a real account, signed in through the real sign-in page.</summary>
    public const string UserName = "e2e-admin";

    private readonly HostFactory _factory = new();
    private IPlaywright? _playwright;
    private string? _signedIn;

    /// <summary>The password of <see cref="UserName"/>, for tests that sign in themselves.</summary>
    public string Password { get; } = $"e2e-{Guid.NewGuid():N}";

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public string DataDirectory => _factory.DataDirectory;

    /// <summary>The host's services, for tests that check what a page shows against what was stored.</summary>
    public IServiceProvider Services => _factory.Services;

    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run scripts/ensure-chromium.sh (scripts/test.sh does).");
        }

        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = new Uri(addresses.Addresses.Single());

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
        await CreateUserAsync();
        _signedIn = await SignInAsync();
    }

    /// <summary>A browser context signed in as <see cref="UserName"/> (or anonymous), at 1366 wide.</summary>
    public Task<IBrowserContext> NewContextAsync(bool signedIn = true) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 860 },
            StorageState = signedIn ? _signedIn : null,
        });

    public async Task<IPage> OpenAsync(string path)
    {
        var page = await (await NewContextAsync()).NewPageAsync();
        await page.GotoAsync(path);
        return page;
    }

    // An admin (the system page is admins') in the default team, with a password, through Identity's own services.
    private async Task CreateUserAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var setup = scope.ServiceProvider.GetRequiredService<AccountSetup>();
        await setup.EnsureRolesAsync();
        var (user, _) = await setup.FindOrCreateUserAsync(UserName);
        await setup.EnsureRoleAsync(user, Roles.Admin);
        await setup.EnsureTeamMemberAsync("default", user.Id);
        AccountSetup.Check(await scope.ServiceProvider.GetRequiredService<UserManager<AbStudioUser>>().AddPasswordAsync(user, Password), "set the E2E password");
    }

    // Through the sign-in page, as a person would; the cookie it sets is shared by every test's context.
    private async Task<string> SignInAsync()
    {
        await using var context = await NewContextAsync(signedIn: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("User name").FillAsync(UserName);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
        return await context.StorageStateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await _factory.DisposeAsync();
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AbStudio.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No AbStudio.sln above {AppContext.BaseDirectory}.");
    }

    private sealed class HostFactory : WebApplicationFactory<Program>
    {
        public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "abstudio-e2e", Guid.NewGuid().ToString("N"));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Storage:DataDirectory", DataDirectory);
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Database:ConnectionString", "");
            builder.UseSetting("Embeddings:FetchModelsOnStart", "false");
        }
    }
}
