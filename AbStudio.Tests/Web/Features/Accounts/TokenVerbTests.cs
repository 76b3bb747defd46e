using AbStudio.Domain.Governance;
using AbStudio.Domain.Persistence;
using AbStudio.Identity;
using AbStudio.Tests.TestSupport;
using AbStudio.Web.Features.Accounts;
using AbStudio.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace AbStudio.Tests.Web.Features.Accounts;

/// <summary>The <c>token create</c> verb: its arguments, and the real process on a fresh data directory.</summary>
public sealed class TokenVerbTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("abstudio-token-").FullName;

    private string DataDirectory => Path.Combine(_directory, "data");

    [Fact]
    public void Parse_AllOptions_BuildTheRequestAndLeaveHostOptions()
    {
        var verb = CommandLineVerb.Parse(["token", "create", "--user", "ci", "--role=engineer", "--team", "search", "--expires", "7d", "--scope", "read", "--name", "nightly", "--Database:Provider=Postgres"]);

        Assert.Equal("token", verb.Name);
        Assert.Equal(new TokenCreateRequest("ci", Roles.Engineer, "search", TimeSpan.FromDays(7), TokenScope.Read, "nightly"), Assert.IsType<TokenCreateRequest>(verb.Request));
        Assert.Equal(["--Database:Provider=Postgres"], verb.HostArguments);
    }

    [Theory]
    [InlineData(new[] { "token" }, "Usage: token create")]
    [InlineData(new[] { "token", "delete", "--user", "ci" }, "Usage: token create")]
    [InlineData(new[] { "token", "create" }, "token create needs --user NAME.")]
    [InlineData(new[] { "token", "create", "--user", "c i" }, "--user 'c i' is not a user name")]
    [InlineData(new[] { "token", "create", "--user", "ci", "--role", "Owner" }, "--role 'Owner' is not a role: use Admin, Engineer or Viewer.")]
    [InlineData(new[] { "token", "create", "--user", "ci", "--expires", "never" }, "--expires 'never' is not a lifetime")]
    [InlineData(new[] { "token", "create", "--user", "ci", "--expires", "366d" }, "--expires '366d' is not a lifetime")]
    [InlineData(new[] { "token", "create", "--user", "ci", "--scope", "write" }, "--scope 'write' is not a scope: use full or read.")]
    [InlineData(new[] { "token", "create", "--user" }, "The option --user needs a value.")]
    public void Parse_BadArguments_SaysWhatToWrite(string[] args, string message)
    {
        var problem = Assert.Throws<StartupProblemException>(() => CommandLineVerb.Parse(args));

        Assert.StartsWith(message, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30d", 30 * 24)]
    [InlineData("12h", 12)]
    [InlineData("365D", 365 * 24)]
    public void ParseLifetime_DaysOrHours_GivesTheSpan(string text, int hours)
    {
        Assert.Equal(TimeSpan.FromHours(hours), TokenVerb.ParseLifetime(text));
    }

    [Fact]
    public async Task TokenCreate_NewUserAndTeam_PrintsOnlyATokenThatVerifiesForThatUser()
    {
        var result = await HostProcess.RunAsync(_directory, "token", "create", "--user", "ci-bot", "--role", "Engineer", "--team", "search", "--expires", "7d", $"--Storage:DataDirectory={DataDirectory}", "--Datasets:SeedDemo=false");

        Assert.True(result.ExitCode == 0, result.Error);
        var token = Assert.Single(result.OutputLines);
        Assert.Matches("^abs_[0-9a-f]{8}_[0-9a-f]{64}$", token);
        Assert.DoesNotContain(token[^64..], result.Error, StringComparison.Ordinal);
        Assert.Contains("Created user ci-bot (Engineer) in team search", result.Error, StringComparison.Ordinal);

        var connection = $"Data Source={Path.Combine(DataDirectory, "abstudio.db")};Pooling=False";
        var verified = await new ApiTokens(new FileContexts(connection), TimeProvider.System, NullLogger<ApiTokens>.Instance).VerifyAsync(token, TestContext.Current.CancellationToken);
        Assert.NotNull(verified);
        Assert.Equal(TokenScope.Full, verified.Scope);
        await using var accounts = Accounts(connection);
        var user = await accounts.Users.SingleAsync(u => u.UserName == "ci-bot", TestContext.Current.CancellationToken);
        Assert.Equal(user.Id, verified.UserId);
        var roles = await accounts.UserRoles.Where(r => r.UserId == user.Id).Join(accounts.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([Roles.Engineer], roles);
        await using var db = new FileContexts(connection).CreateDbContext();
        var team = await db.Teams.Include(t => t.Members).SingleAsync(t => t.Id != Team.DefaultId, TestContext.Current.CancellationToken);
        Assert.Equal("search", team.Name);
        Assert.Equal([user.Id], team.Members.Select(m => m.UserId));
    }

    [Fact]
    public async Task TokenCreate_SameUserTwice_KeepsOneUserAndTeamAndGivesTwoTokens()
    {
        string[] args = ["token", "create", "--user", "ci-bot", "--team", "search", "--scope", "read", $"--Storage:DataDirectory={DataDirectory}", "--Datasets:SeedDemo=false"];

        var first = await HostProcess.RunAsync(_directory, args);
        var second = await HostProcess.RunAsync(_directory, args);

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first.Error + second.Error);
        Assert.NotEqual(Assert.Single(first.OutputLines), Assert.Single(second.OutputLines));
        Assert.Contains("Created user ci-bot (Viewer)", first.Error, StringComparison.Ordinal);
        Assert.Contains("User ci-bot in team search", second.Error, StringComparison.Ordinal);
        var connection = $"Data Source={Path.Combine(DataDirectory, "abstudio.db")};Pooling=False";
        await using var accounts = Accounts(connection);
        Assert.Equal(1, await accounts.Users.CountAsync(TestContext.Current.CancellationToken));
        await using var db = new FileContexts(connection).CreateDbContext();
        Assert.Equal(1, await db.TeamMembers.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(2, await db.ApiTokens.CountAsync(t => t.Scope == TokenScope.Read, TestContext.Current.CancellationToken));
    }

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
    }

    private static AccountsDbContext Accounts(string connection)
    {
        var options = new DbContextOptionsBuilder<AccountsDbContext>();
        PersistenceExtensions.Configure(options, DatabaseProvider.Sqlite, connection, AccountsDbContext.MigrationsHistoryTable);
        return new AccountsDbContext(options.Options);
    }

    private sealed class FileContexts(string connection) : IDbContextFactory<AbStudioDbContext>
    {
        public AbStudioDbContext CreateDbContext()
        {
            var options = new DbContextOptionsBuilder<AbStudioDbContext>();
            PersistenceExtensions.Configure(options, DatabaseProvider.Sqlite, connection);
            return new AbStudioDbContext(options.Options);
        }
    }
}
