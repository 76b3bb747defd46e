using AbStudio.Domain.Governance;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AbStudio.Domain.Persistence.Configurations;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        // No foreign keys on purpose: the audit log outlives what it describes.
        builder.ToTable("audit_events");
        builder.Property(e => e.Actor).HasMaxLength(200);
        builder.Property(e => e.Action).HasMaxLength(32);
        builder.Property(e => e.EntityType).HasMaxLength(64);
        builder.Property(e => e.EntityId).HasMaxLength(128);

        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.Actor, e.At });
        builder.HasIndex(e => new { e.EntityType, e.EntityId });
    }
}

internal sealed class QuotaConfiguration : IEntityTypeConfiguration<Quota>
{
    public void Configure(EntityTypeBuilder<Quota> builder)
    {
        builder.ToTable("quotas");
        builder.Property(q => q.Subject).HasMaxLength(200);
        builder.HasIndex(q => q.Subject).IsUnique();
    }
}

internal sealed class ProviderPolicyConfiguration : IEntityTypeConfiguration<ProviderPolicy>
{
    public void Configure(EntityTypeBuilder<ProviderPolicy> builder)
    {
        builder.ToTable("provider_policies");
        builder.Property(p => p.Provider).HasMaxLength(64);
        builder.HasIndex(p => p.Provider).IsUnique();
    }
}
