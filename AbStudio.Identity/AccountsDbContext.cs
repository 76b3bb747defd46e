using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Identity;

/// <summary>
/// Users, roles and their links, in the same database as <c>AbStudioDbContext</c> with their own
/// migrations and history table (docs/adr/0006).
/// </summary>
public sealed class AccountsDbContext(DbContextOptions<AccountsDbContext> options)
    : IdentityDbContext<AbStudioUser, IdentityRole<Guid>, Guid>(options)
{
    /// <summary>Kept apart from the engine's history so each context's rows are its own.</summary>
    public const string MigrationsHistoryTable = "__accounts_migrations_history";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);

        // snake_case like the engine's tables, rather than Identity's AspNet* names.
        builder.Entity<AbStudioUser>().ToTable("users");
        builder.Entity<IdentityRole<Guid>>().ToTable("roles");
        builder.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");
    }
}
