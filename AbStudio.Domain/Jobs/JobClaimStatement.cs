using System.Data.Common;
using AbStudio.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace AbStudio.Domain.Jobs;

/// <summary>
/// The single statement that claims the oldest due job: it picks the row and marks it running with
/// the caller's lease in one UPDATE, so two workers can never both see it pending and both take it.
/// Table and column names come from the EF model, so a renamed column cannot leave this SQL behind.
/// </summary>
internal static class JobClaimStatement
{
    /// <summary>The SQL (with EF's <c>{n}</c> placeholders) and its parameters, for <c>FromSqlRaw</c>.</summary>
    public static (string Sql, object[] Parameters) Build(
        AbStudioDbContext db, ClaimDialect dialect, string worker, DateTime now, DateTime leaseExpiresAt, JobClaimFilter filter)
    {
        var entity = db.Model.FindEntityType(typeof(Job))
            ?? throw new InvalidOperationException("The model has no Job entity.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var delimiter = db.GetService<ISqlGenerationHelper>();
        var jobs = delimiter.DelimitIdentifier(table.Name, table.Schema);
        string C(string property) => delimiter.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);

        // Status is stored through the model's converter (by name today); ask it rather than assume.
        var status = entity.FindProperty(nameof(Job.Status))!.GetTypeMapping().Converter;
        object Stored(JobStatus value) => status?.ConvertToProvider(value) ?? value;

        List<object> parameters = [Stored(JobStatus.Running), worker, leaseExpiresAt, now, Stored(JobStatus.Pending)];
        var types = InList(filter.Types, parameters);
        var providers = InList(filter.ExcludedProviders, parameters);
        var typeCondition = types is null ? "" : $" AND {C(nameof(Job.Type))} IN ({types})";
        var providerCondition = providers is null ? "" : $" AND ({C(nameof(Job.Provider))} IS NULL OR {C(nameof(Job.Provider))} NOT IN ({providers}))";

        var sql = $$"""
            UPDATE {{jobs}}
            SET {{C(nameof(Job.Status))}} = {0},
                {{C(nameof(Job.LeaseOwner))}} = {1},
                {{C(nameof(Job.LeaseExpiresAt))}} = {2},
                {{C(nameof(Job.StartedAt))}} = {3},
                {{C(nameof(Job.Attempts))}} = {{C(nameof(Job.Attempts))}} + 1,
                {{C(nameof(Job.Version))}} = {{C(nameof(Job.Version))}} + 1
            WHERE {{C(nameof(Job.Id))}} = (
                SELECT {{C(nameof(Job.Id))}} FROM {{jobs}}
                WHERE {{C(nameof(Job.Status))}} = {4} AND {{C(nameof(Job.NextAttemptAt))}} <= {3}{{typeCondition}}{{providerCondition}}
                ORDER BY {{C(nameof(Job.NextAttemptAt))}}, {{C(nameof(Job.Id))}}
                LIMIT 1{{dialect.RowLock}})
            RETURNING *
            """;
        return (sql, [.. parameters]);
    }

    // "{5}, {6}" with the values appended as parameters; null when there is no list.
    private static string? InList(IReadOnlyCollection<string>? values, List<object> parameters)
    {
        if (values is null || values.Count == 0)
        {
            return null;
        }

        var placeholders = new List<string>(values.Count);
        foreach (var value in values)
        {
            placeholders.Add($"{{{parameters.Count}}}");
            parameters.Add(value);
        }

        return string.Join(", ", placeholders);
    }
}

/// <summary>
/// Everything the queue does differently per database, chosen by <c>Database.ProviderName</c>.
/// </summary>
internal sealed class ClaimDialect
{
    /// <summary>
    /// SQLite has one writer at a time: the UPDATE's subquery and its write run inside the same
    /// write lock, so no other claim can interleave; nothing needs locking per row. Contention shows
    /// as SQLITE_BUSY (5) or SQLITE_LOCKED (6) once the busy timeout has run out.
    /// </summary>
    public static readonly ClaimDialect Sqlite = new("", e => e is SqliteException { SqliteErrorCode: 5 or 6 });

    /// <summary>
    /// PostgreSQL runs claims in parallel: the subquery locks the row it picks and skips rows other
    /// claims have locked, so each claim gets a different job without waiting. At READ COMMITTED a
    /// locked row is re-checked against the WHERE after the lock, so a row another claim just took
    /// (now running) is not returned. Serialization failures and deadlocks are worth a retry.
    /// </summary>
    public static readonly ClaimDialect Postgres = new(" FOR UPDATE SKIP LOCKED", e => e.SqlState is "40001" or "40P01");

    private readonly Func<DbException, bool> _isContention;

    private ClaimDialect(string rowLock, Func<DbException, bool> isContention)
    {
        RowLock = rowLock;
        _isContention = isContention;
    }

    /// <summary>Appended to the subquery that picks the due row.</summary>
    public string RowLock { get; }

    public static ClaimDialect For(DatabaseFacade database) => database.ProviderName switch
    {
        "Microsoft.EntityFrameworkCore.Sqlite" => Sqlite,
        "Npgsql.EntityFrameworkCore.PostgreSQL" => Postgres,
        var other => throw new NotSupportedException($"The job queue does not support the database provider '{other}'."),
    };

    /// <summary>True when the exception (or one inside it) says another writer was in the way: try again.</summary>
    public bool IsWriteContention(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException db && _isContention(db))
            {
                return true;
            }
        }

        return false;
    }
}
