using AbStudio.Domain.Collections;
using AbStudio.Domain.Governance;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AbStudio.Domain.Persistence.Configurations;

internal sealed class CollectionConfiguration : IEntityTypeConfiguration<Collection>
{
    public void Configure(EntityTypeBuilder<Collection> builder)
    {
        builder.ToTable("collections");
        builder.Property(c => c.Fingerprint).HasMaxLength(64).IsFixedLength();
        builder.Property(c => c.Provider).HasMaxLength(64);
        builder.Property(c => c.Model).HasMaxLength(200);
        builder.Property(c => c.ModelRevision).HasMaxLength(128);
        builder.Property(c => c.IndexKind).HasMaxLength(32);
        builder.Property(c => c.Error).HasMaxLength(8000);
        builder.Property(c => c.Version).IsConcurrencyToken();

        // Restrict, not cascade: a collection has vector files (or pgvector rows) that only the
        // collection service removes, so a dataset goes only after its collections were deleted.
        builder.HasOne(c => c.Dataset).WithMany()
            .HasForeignKey(c => c.DatasetId).OnDelete(DeleteBehavior.Restrict);

        builder.HasIndex(c => c.Fingerprint).IsUnique();
        builder.HasIndex(c => c.LastUsedAt);
        builder.HasIndex(c => c.Status);
        builder.HasIndex(c => c.DatasetId);

        builder.HasOne<Team>().WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.TeamId);
    }
}
