using AbStudio.Domain.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AbStudio.Domain.Persistence.Configurations;

internal sealed class IdempotencyKeyConfiguration : IEntityTypeConfiguration<IdempotencyKey>
{
    public void Configure(EntityTypeBuilder<IdempotencyKey> builder)
    {
        // The key is the primary key: two hosts inserting the same one meet at it, and one wins.
        builder.ToTable("idempotency_keys");
        builder.HasKey(k => new { k.Scope, k.Key });
        builder.Property(k => k.Scope).HasMaxLength(64);
        builder.Property(k => k.Key).HasMaxLength(200);
        builder.Property(k => k.RequestHash).HasMaxLength(64);
        builder.HasIndex(k => k.CreatedAt);
    }
}
