using System.Data.Common;
using AbStudio.Domain.Governance;
using AbStudio.Tests.Domain.Persistence;
using AbStudio.Tests.TestSupport;
using AbStudio.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace AbStudio.Tests.Web.Features.Accounts;

/// <summary>Personal API tokens against a real database: what verifies, what does not, and what is stored.</summary>
public abstract class ApiTokensTests(DatabaseFixture database)
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly Guid _user = Guid.CreateVersion7();

    private ApiTokens Tokens => new(new FixtureContextFactory(database), _clock, NullLogger<ApiTokens>.Instance);

    [Fact]
    public async Task Verify_TokenJustCreated_ReturnsItsUserAndScope()
    {
        var created = await Tokens.CreateAsync(_user, "nightly CI", TokenScope.Read, TimeSpan.FromDays(30), TestContext.Current.CancellationToken);

        var verified = await Tokens.VerifyAsync(created.Token, TestContext.Current.CancellationToken);

        Assert.Equal(new VerifiedToken(created.Id, _user, TokenScope.Read), verified);
        Assert.StartsWith($"abs_{created.Prefix}_", created.Token, StringComparison.Ordinal);
        Assert.Equal(_clock.UtcNow.AddDays(30), created.ExpiresAt);
    }

    [Fact]
    public async Task Verify_WrongSecretWithTheRightPrefix_ReturnsNull()
    {
        var created = await Tokens.CreateAsync(_user, "ci", TokenScope.Full, TimeSpan.FromDays(1), TestContext.Current.CancellationToken);
        var last = created.Token[^1];
        var wrong = created.Token[..^1] + (last == '0' ? '1' : '0');

        Assert.Null(await Tokens.VerifyAsync(wrong, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Verify_ExpiredToken_ReturnsNull()
    {
        var created = await Tokens.CreateAsync(_user, "ci", TokenScope.Full, TimeSpan.FromDays(1), TestContext.Current.CancellationToken);

        _clock.Advance(TimeSpan.FromDays(1));

        Assert.Null(await Tokens.VerifyAsync(created.Token, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Verify_RevokedToken_ReturnsNull()
    {
        var created = await Tokens.CreateAsync(_user, "ci", TokenScope.Full, TimeSpan.FromDays(1), TestContext.Current.CancellationToken);

        Assert.True(await Tokens.RevokeAsync(_user, created.Id, TestContext.Current.CancellationToken));

        Assert.Null(await Tokens.VerifyAsync(created.Token, TestContext.Current.CancellationToken));
        Assert.False(await Tokens.RevokeAsync(_user, created.Id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Revoke_AnotherUsersToken_RefusesAndTheTokenStillWorks()
    {
        var created = await Tokens.CreateAsync(_user, "ci", TokenScope.Full, TimeSpan.FromDays(1), TestContext.Current.CancellationToken);

        Assert.False(await Tokens.RevokeAsync(Guid.CreateVersion7(), created.Id, TestContext.Current.CancellationToken));

        Assert.NotNull(await Tokens.VerifyAsync(created.Token, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Verify_SeveralTimesWithinAMinute_WritesTheLastUsedTimeOnce()
    {
        var created = await Tokens.CreateAsync(_user, "ci", TokenScope.Full, TimeSpan.FromDays(1), TestContext.Current.CancellationToken);
        var first = _clock.UtcNow;

        await Tokens.VerifyAsync(created.Token, TestContext.Current.CancellationToken);
        _clock.Advance(TimeSpan.FromSeconds(59));
        await Tokens.VerifyAsync(created.Token, TestContext.Current.CancellationToken);
        var withinTheMinute = await LastUsedAsync(created.Id);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await Tokens.VerifyAsync(created.Token, TestContext.Current.CancellationToken);

        Assert.Equal(first, withinTheMinute);
        Assert.Equal(first.AddMinutes(1), await LastUsedAsync(created.Id));
    }

    [Fact]
    public async Task Create_StoredRow_HoldsNeitherTheTokenNorItsSecret()
    {
        var created = await Tokens.CreateAsync(_user, "ci", TokenScope.Full, TimeSpan.FromDays(1), TestContext.Current.CancellationToken);
        var secret = created.Token[(created.Token.LastIndexOf('_') + 1)..];

        var row = await RawRowAsync(created.Id);

        Assert.NotEmpty(row);
        Assert.Contains(row, value => value.Contains(created.Prefix, StringComparison.Ordinal));
        Assert.All(row, value => Assert.DoesNotContain(secret, value, StringComparison.OrdinalIgnoreCase));
        Assert.All(row, value => Assert.DoesNotContain(secret[..16], value, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task List_UsersTokens_NewestFirstWithRevocationAndNoSecret()
    {
        var older = await Tokens.CreateAsync(_user, "old", TokenScope.Full, TimeSpan.FromDays(1), TestContext.Current.CancellationToken);
        var newer = await Tokens.CreateAsync(_user, "new", TokenScope.Read, TimeSpan.FromDays(1), TestContext.Current.CancellationToken);
        await Tokens.CreateAsync(Guid.CreateVersion7(), "someone else's", TokenScope.Full, TimeSpan.FromDays(1), TestContext.Current.CancellationToken);
        await Tokens.RevokeAsync(_user, older.Id, TestContext.Current.CancellationToken);

        var list = await Tokens.ListAsync(_user, TestContext.Current.CancellationToken);

        Assert.Equal(["new", "old"], list.Select(t => t.Name));
        Assert.Equal(newer.Prefix, list[0].Prefix);
        Assert.Null(list[0].RevokedAt);
        Assert.Equal(_clock.UtcNow, list[1].RevokedAt);
        Assert.DoesNotContain(older.Token[^64..], list[1].ToString(), StringComparison.OrdinalIgnoreCase);
    }

    private async Task<DateTime?> LastUsedAsync(Guid id)
    {
        await using var db = database.CreateContext();
        return await db.ApiTokens.Where(t => t.Id == id).Select(t => t.LastUsedAt).SingleAsync(TestContext.Current.CancellationToken);
    }

    // Every column as text (bytes as hex), read past EF so no mapping hides anything.
    private async Task<List<string>> RawRowAsync(Guid id)
    {
        await using var db = database.CreateContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM api_tokens";
        var values = new List<string>();
        await using DbDataReader reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var row = Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : reader.GetValue(i) switch
            {
                byte[] bytes => Convert.ToHexString(bytes),
                var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? "",
            }).ToList();
            if (row.Any(v => v.Contains(id.ToString(), StringComparison.OrdinalIgnoreCase)))
            {
                values.AddRange(row);
            }
        }

        return values;
    }
}

public sealed class SqliteApiTokensTests(SqliteDatabaseFixture database)
    : ApiTokensTests(database), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgresApiTokensTests(PostgresDatabaseFixture database)
    : ApiTokensTests(database), IClassFixture<PostgresDatabaseFixture>;
