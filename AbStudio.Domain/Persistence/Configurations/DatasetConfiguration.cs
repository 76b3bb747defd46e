using AbStudio.Domain.Datasets;
using AbStudio.Domain.Governance;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AbStudio.Domain.Persistence.Configurations;

internal sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> builder)
    {
        builder.ToTable("datasets");
        builder.Property(d => d.Name).HasMaxLength(200);
        builder.Property(d => d.Description).HasMaxLength(4000);
        builder.Property(d => d.ContentHash).HasMaxLength(64).IsFixedLength();
        builder.Property(d => d.Source).HasMaxLength(1000);
        builder.Property(d => d.CreatedBy).HasMaxLength(200);

        // The same content may be imported under two names; the hash is for lookup, not uniqueness.
        builder.HasIndex(d => d.ContentHash);
        builder.HasIndex(d => d.CreatedAt);

        // A team that still owns something cannot be deleted: its rows would belong to no one.
        builder.HasOne<Team>().WithMany().HasForeignKey(d => d.TeamId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => d.TeamId);
    }
}

internal sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> builder)
    {
        builder.ToTable("documents");
        builder.Property(d => d.ExternalId).HasMaxLength(ExternalIdLength.Max);
        builder.Property(d => d.Title).HasMaxLength(Document.MaxTitleLength);

        // A dataset owns its documents: deleting it deletes them.
        builder.HasOne(d => d.Dataset).WithMany(d => d.Documents)
            .HasForeignKey(d => d.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.DatasetId, d.ExternalId }).IsUnique();
    }
}

internal sealed class QueryConfiguration : IEntityTypeConfiguration<Query>
{
    public void Configure(EntityTypeBuilder<Query> builder)
    {
        builder.ToTable("queries");
        builder.Property(q => q.ExternalId).HasMaxLength(ExternalIdLength.Max);

        builder.HasOne(q => q.Dataset).WithMany(d => d.Queries)
            .HasForeignKey(q => q.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(q => new { q.DatasetId, q.ExternalId }).IsUnique();
    }
}

internal sealed class JudgmentConfiguration : IEntityTypeConfiguration<Judgment>
{
    public void Configure(EntityTypeBuilder<Judgment> builder)
    {
        builder.ToTable("judgments");
        builder.Property(j => j.Split).HasMaxLength(Judgment.MaxSplitLength);

        builder.HasOne(j => j.Dataset).WithMany(d => d.Judgments)
            .HasForeignKey(j => j.DatasetId).OnDelete(DeleteBehavior.Cascade);

        // Judgments only exist with both sides present: they go when their query or document goes.
        builder.HasOne(j => j.Query).WithMany()
            .HasForeignKey(j => j.QueryId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(j => j.Document).WithMany()
            .HasForeignKey(j => j.DocumentId).OnDelete(DeleteBehavior.Cascade);

        // One grade per (split, query, document); evaluation reads a split's judgments by query.
        builder.HasIndex(j => new { j.DatasetId, j.Split, j.QueryId, j.DocumentId }).IsUnique();
        builder.HasIndex(j => j.QueryId);
        builder.HasIndex(j => j.DocumentId);
    }
}

public static class ExternalIdLength
{
    /// <summary>Ids from the datasets' own files; generous, since some corpora use URLs as ids.</summary>
    public const int Max = 512;
}
