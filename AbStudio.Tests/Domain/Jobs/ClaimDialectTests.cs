using AbStudio.Domain.Jobs;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AbStudio.Tests.Domain.Jobs;

/// <summary>Which errors make the queue try a claim again: only "another writer was in the way".</summary>
public class ClaimDialectTests
{
    [Theory]
    [InlineData(5, true)]   // SQLITE_BUSY
    [InlineData(6, true)]   // SQLITE_LOCKED
    [InlineData(19, false)] // SQLITE_CONSTRAINT
    public void IsWriteContention_SqliteErrors_OnlyBusyAndLocked(int sqliteErrorCode, bool expected)
    {
        var error = new SqliteException("error", sqliteErrorCode);

        Assert.Equal(expected, ClaimDialect.Sqlite.IsWriteContention(error));
        Assert.Equal(expected, ClaimDialect.Sqlite.IsWriteContention(new DbUpdateException("save failed", error)));
    }

    [Theory]
    [InlineData("40001", true)] // serialization_failure
    [InlineData("40P01", true)] // deadlock_detected
    [InlineData("23505", false)] // unique_violation
    public void IsWriteContention_PostgresErrors_OnlySerializationAndDeadlock(string sqlState, bool expected)
    {
        var error = new PostgresException("error", "ERROR", "ERROR", sqlState);

        Assert.Equal(expected, ClaimDialect.Postgres.IsWriteContention(error));
    }

    [Fact]
    public void IsWriteContention_NotADatabaseError_IsFalse()
    {
        Assert.False(ClaimDialect.Sqlite.IsWriteContention(new InvalidOperationException("busy")));
    }
}
