using System.Runtime.CompilerServices;
using AbStudio.Domain.AbTests;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Governance;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AbStudio.Domain.Persistence.Configurations;

internal sealed class AbTestConfiguration : IEntityTypeConfiguration<AbTest>
{
    public void Configure(EntityTypeBuilder<AbTest> builder)
    {
        builder.ToTable("ab_tests");
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.Description).HasMaxLength(4000);
        builder.Property(t => t.Split).HasMaxLength(64);
        builder.Property(t => t.PrimaryMetric).HasMaxLength(64);
        builder.Property(t => t.CreatedBy).HasMaxLength(200);

        // The typed definition in the column that has always held its JSON, so rows written as
        // submitted by earlier versions read back as they are. Definitions are immutable records: a
        // change is a new instance, so the snapshot is the instance and equality is identity (no
        // serialising on every DetectChanges).
        builder.Property(t => t.Definition)
            .HasColumnName("DefinitionJson")
            .HasConversion(
                new ValueConverter<TestDefinition, string>(d => TestDefinitionJson.Write(d), json => TestDefinitionJson.ParseStored(json)),
                new ValueComparer<TestDefinition>((a, b) => ReferenceEquals(a, b), d => RuntimeHelpers.GetHashCode(d), d => d));

        // A dataset that a test still uses cannot be deleted: the test's results would lose their queries.
        builder.HasOne(t => t.Dataset).WithMany()
            .HasForeignKey(t => t.DatasetId).OnDelete(DeleteBehavior.Restrict);

        builder.HasIndex(t => new { t.Status, t.CreatedAt });
        builder.HasIndex(t => t.CreatedAt);
        builder.HasIndex(t => t.DatasetId);

        builder.HasOne<Team>().WithMany().HasForeignKey(t => t.TeamId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(t => t.TeamId);
    }
}

internal sealed class ArmConfiguration : IEntityTypeConfiguration<Arm>
{
    public void Configure(EntityTypeBuilder<Arm> builder)
    {
        builder.ToTable("arms");
        builder.Property(a => a.Name).HasMaxLength(100);
        builder.Property(a => a.EmbeddingProvider).HasMaxLength(64);
        builder.Property(a => a.EmbeddingModel).HasMaxLength(200);
        builder.Property(a => a.CollectionFingerprint).HasMaxLength(64);
        builder.Property(a => a.CollectionPlanReason).HasMaxLength(1000);
        builder.Ignore(a => a.Definition);

        builder.HasOne(a => a.Test).WithMany(t => t.Arms)
            .HasForeignKey(a => a.TestId).OnDelete(DeleteBehavior.Cascade);

        // Collections are cleaned up on their own schedule (on completion, TTL); an arm keeps its
        // fingerprint and loses only the link, so its results stay readable.
        builder.HasOne(a => a.Collection).WithMany()
            .HasForeignKey(a => a.CollectionId).OnDelete(DeleteBehavior.SetNull);

        builder.HasIndex(a => new { a.TestId, a.Name }).IsUnique();
        builder.HasIndex(a => new { a.TestId, a.Ordinal }).IsUnique();
        builder.HasIndex(a => a.CollectionId);
        builder.HasIndex(a => a.CollectionFingerprint);
    }
}
