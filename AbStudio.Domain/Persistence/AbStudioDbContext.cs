using AbStudio.Domain.AbTests;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Datasets;
using AbStudio.Domain.Governance;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Runs;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Domain.Persistence;

/// <summary>The one relational model, mapped to SQLite and PostgreSQL by their own migration assemblies.</summary>
public sealed class AbStudioDbContext(DbContextOptions<AbStudioDbContext> options) : DbContext(options)
{
    public DbSet<Dataset> Datasets => Set<Dataset>();
    public DbSet<Document> Documents => Set<Document>();
    public DbSet<Query> Queries => Set<Query>();
    public DbSet<Judgment> Judgments => Set<Judgment>();
    public DbSet<AbTest> Tests => Set<AbTest>();
    public DbSet<Arm> Arms => Set<Arm>();
    public DbSet<Collection> Collections => Set<Collection>();
    public DbSet<Run> Runs => Set<Run>();
    public DbSet<QueryResult> QueryResults => Set<QueryResult>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<JobAttempt> JobAttempts => Set<JobAttempt>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<Quota> Quotas => Set<Quota>();
    public DbSet<ProviderPolicy> ProviderPolicies => Set<ProviderPolicy>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Requests.IdempotencyKey> IdempotencyKeys => Set<Requests.IdempotencyKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AbStudioDbContext).Assembly);

        // Guid keys are assigned by the entities themselves (version 7, time-ordered). Telling EF
        // they are never generated makes a new arm added to a loaded test an insert, not an update
        // of a row that does not exist.
        foreach (var key in modelBuilder.Model.GetEntityTypes().Select(e => e.FindPrimaryKey()))
        {
            if (key is { Properties: [{ ClrType: var type } property] } && type == typeof(Guid))
            {
                property.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
            }
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);

        // Every timestamp is UTC. SQLite hands DateTime back as Kind.Unspecified and Npgsql refuses
        // to write anything but Kind.Utc to timestamptz, so the kind is fixed on the way in and out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();

        // Enums are stored by name: readable in SQL and safe against reordering.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        ConcurrencyVersion.BumpModified(ChangeTracker);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ConcurrencyVersion.BumpModified(ChangeTracker);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }
}
