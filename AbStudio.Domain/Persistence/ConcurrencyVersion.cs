using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace AbStudio.Domain.Persistence;

/// <summary>
/// A provider-neutral optimistic concurrency token: a <c>Version</c> column bumped on every update.
/// SQLite has no rowversion and PostgreSQL's xmin is provider-specific; one integer works on both,
/// and an update that lost a race fails with <see cref="DbUpdateConcurrencyException"/>.
/// </summary>
internal static class ConcurrencyVersion
{
    public const string PropertyName = "Version";

    public static void BumpModified(ChangeTracker changeTracker)
    {
        foreach (var entry in changeTracker.Entries())
        {
            if (entry.State != EntityState.Modified)
            {
                continue;
            }

            var version = entry.Metadata.FindProperty(PropertyName);
            if (version is { IsConcurrencyToken: true })
            {
                var property = entry.Property(PropertyName);
                property.CurrentValue = (long)property.OriginalValue! + 1;
            }
        }
    }
}
