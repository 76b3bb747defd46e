using AbStudio.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AbStudio.Domain.Datasets.Import;

/// <summary>Where an import's rows go: the database in one transaction, or nowhere (validation only).</summary>
internal interface IDatasetWriter : IAsyncDisposable
{
    Task BeginAsync(Dataset dataset, CancellationToken cancellationToken);

    /// <summary>Writes a batch; afterwards each entity carries its row id.</summary>
    Task WriteAsync<T>(List<T> batch, CancellationToken cancellationToken)
        where T : class;

    /// <summary>Stores the final hash and counts and commits; without this call nothing is kept.</summary>
    Task CompleteAsync(Dataset dataset, CancellationToken cancellationToken);
}

/// <summary>
/// Writes through one context and one transaction. The change tracker is cleared after every batch,
/// so memory holds one batch of texts, not the corpus. Disposing without completing rolls back.
/// </summary>
internal sealed class DatabaseDatasetWriter(IDbContextFactory<AbStudioDbContext> contexts) : IDatasetWriter
{
    private AbStudioDbContext? _context;
    private IDbContextTransaction? _transaction;

    private AbStudioDbContext Context => _context ?? throw new InvalidOperationException("BeginAsync first.");

    public async Task BeginAsync(Dataset dataset, CancellationToken cancellationToken)
    {
        _context = await contexts.CreateDbContextAsync(cancellationToken);
        _transaction = await _context.Database.BeginTransactionAsync(cancellationToken);
        _context.Datasets.Add(dataset);
        await SaveAsync(cancellationToken);
    }

    public async Task WriteAsync<T>(List<T> batch, CancellationToken cancellationToken)
        where T : class
    {
        Context.Set<T>().AddRange(batch);
        await SaveAsync(cancellationToken);
    }

    public async Task CompleteAsync(Dataset dataset, CancellationToken cancellationToken)
    {
        await Context.Datasets.Where(d => d.Id == dataset.Id).ExecuteUpdateAsync(
            set => set
                .SetProperty(d => d.ContentHash, dataset.ContentHash)
                .SetProperty(d => d.DocumentCount, dataset.DocumentCount)
                .SetProperty(d => d.QueryCount, dataset.QueryCount)
                .SetProperty(d => d.JudgmentCount, dataset.JudgmentCount),
            cancellationToken);
        await _transaction!.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }

        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        await Context.SaveChangesAsync(cancellationToken);
        Context.ChangeTracker.Clear();
    }
}

/// <summary>Validation only: reads, checks and hashes, writes nothing.</summary>
internal sealed class NoDatasetWriter : IDatasetWriter
{
    public Task BeginAsync(Dataset dataset, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task WriteAsync<T>(List<T> batch, CancellationToken cancellationToken)
        where T : class => Task.CompletedTask;

    public Task CompleteAsync(Dataset dataset, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
