using AbStudio.Domain.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AbStudio.Domain.Persistence.Configurations;

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.ToTable("jobs");
        builder.Property(j => j.Type).HasMaxLength(64);
        builder.Property(j => j.Provider).HasMaxLength(64);
        builder.Property(j => j.LeaseOwner).HasMaxLength(200);
        builder.Property(j => j.LastError).HasMaxLength(8000);
        builder.Property(j => j.Version).IsConcurrencyToken();

        // The dispatcher asks "which pending jobs are due?", the reaper "which leases expired?".
        builder.HasIndex(j => new { j.Status, j.NextAttemptAt });
        builder.HasIndex(j => new { j.Status, j.LeaseExpiresAt });
        builder.HasIndex(j => j.SubjectId);
    }
}

internal sealed class JobAttemptConfiguration : IEntityTypeConfiguration<JobAttempt>
{
    public void Configure(EntityTypeBuilder<JobAttempt> builder)
    {
        builder.ToTable("job_attempts");
        builder.Property(a => a.Worker).HasMaxLength(200);
        builder.Property(a => a.Error).HasMaxLength(8000);

        builder.HasOne(a => a.Job).WithMany(j => j.History)
            .HasForeignKey(a => a.JobId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.JobId, a.Number }).IsUnique();
    }
}
