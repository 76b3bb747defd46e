using AbStudio.Domain.Runs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AbStudio.Domain.Persistence.Configurations;

internal sealed class RunConfiguration : IEntityTypeConfiguration<Run>
{
    public void Configure(EntityTypeBuilder<Run> builder)
    {
        builder.ToTable("runs");
        builder.Property(r => r.Error).HasMaxLength(8000);

        builder.HasOne(r => r.Test).WithMany(t => t.Runs)
            .HasForeignKey(r => r.TestId).OnDelete(DeleteBehavior.Cascade);

        builder.HasIndex(r => new { r.TestId, r.CreatedAt });
        builder.HasIndex(r => r.Status);

        // At most one active run per test: of N parallel starts exactly one inserts its run (see
        // TestLifecycle.StartAsync). Both databases take the same partial-index filter.
        var active = string.Join(", ", RunStatuses.Active.Select(s => $"'{s}'"));
        builder.HasIndex(r => r.TestId).IsUnique().HasFilter($"\"Status\" IN ({active})").HasDatabaseName("IX_runs_TestId_active");
    }
}

internal sealed class QueryResultConfiguration : IEntityTypeConfiguration<QueryResult>
{
    public void Configure(EntityTypeBuilder<QueryResult> builder)
    {
        builder.ToTable("query_results");

        builder.HasOne(r => r.Run).WithMany(r => r.Results)
            .HasForeignKey(r => r.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.Arm).WithMany()
            .HasForeignKey(r => r.ArmId).OnDelete(DeleteBehavior.Cascade);

        // A query with stored results is evidence; it goes only with its dataset, after the tests.
        builder.HasOne(r => r.Query).WithMany()
            .HasForeignKey(r => r.QueryId).OnDelete(DeleteBehavior.Restrict);

        // One row per (run, arm, query): a resumed run can never store a query twice.
        // It also serves paging through one arm's results; the second index serves side-by-side views.
        builder.HasIndex(r => new { r.RunId, r.ArmId, r.QueryId }).IsUnique();
        builder.HasIndex(r => new { r.RunId, r.QueryId });
    }
}
