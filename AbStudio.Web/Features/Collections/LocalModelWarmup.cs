using AbStudio.Web.Hosting;
using Microsoft.Extensions.Options;

namespace AbStudio.Web.Features.Collections;

/// <summary>Whether hosts that build collections fetch the local models at start (<c>Embeddings:FetchModelsOnStart</c>).</summary>
public sealed class LocalModelSettings
{
    public const string Section = "Embeddings";

    public bool FetchModelsOnStart { get; set; } = true;
}

/// <summary>
/// On start, fetches the local embedding models into DATA_DIRECTORY/models when they are missing,
/// in the background: the console is usable at once, and the first build finds the models there.
/// A failure is logged with what to do; it does not stop the app (lexical arms need no model).
/// </summary>
public sealed partial class LocalModelWarmup(IOptions<StorageSettings> storage, IOptions<LocalModelSettings> settings, ILogger<LocalModelWarmup> logger) : BackgroundService
{
    public static string ModelsDirectory(StorageSettings storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return Path.Combine(storage.ResolveDataDirectory(), "models");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Value.FetchModelsOnStart)
        {
            return;
        }

        var directory = ModelsDirectory(storage.Value);
        try
        {
            await LocalModelFiles.EnsureAsync(directory, stoppingToken);
            LogReady(directory);
        }
        catch (InvalidOperationException e)
        {
            LogFailed(directory, e.Message);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down before the fetch finished; the next start tries again.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Local embedding models are ready in {Directory}")]
    private partial void LogReady(string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local embedding models are not available in {Directory}: {Problem}. Vector arms with use-lite or glove-avg will fail until they are; lexical and hashing arms work.")]
    private partial void LogFailed(string directory, string problem);
}
