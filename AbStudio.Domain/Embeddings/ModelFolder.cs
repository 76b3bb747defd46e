using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace AbStudio.Domain.Embeddings;

/// <summary>
/// The cache folder of one local model (<c>DATA_DIRECTORY/models/&lt;name&gt;</c>): finds its files, says
/// how to fetch them when one is missing, and fingerprints them for drift detection.
/// </summary>
public sealed class ModelFolder
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Revisions = new(StringComparer.Ordinal);

    public ModelFolder(string modelsDirectory, string modelName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelsDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        ModelsDirectory = Path.GetFullPath(modelsDirectory);
        ModelName = modelName;
        FolderPath = Path.Combine(ModelsDirectory, modelName);
    }

    /// <summary>The folder that holds one sub-folder per model.</summary>
    public string ModelsDirectory { get; }

    public string ModelName { get; }

    public string FolderPath { get; }

    /// <summary>The command that fills <see cref="ModelsDirectory"/>, run from the repository root.</summary>
    public string FetchCommand => $"bash scripts/fetch-models.sh {ModelsDirectory}";

    /// <summary>The full path of a model file; a clear <see cref="FileNotFoundException"/> when it is missing.</summary>
    public string File(string fileName)
    {
        var path = Path.Combine(FolderPath, fileName);
        if (!System.IO.File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The {ModelName} model file {path} is missing. Fetch the models with: {FetchCommand}", path);
        }

        return path;
    }

    /// <summary>
    /// "sha256:" + the SHA-256 of the files' bytes read one after the other in the order given.
    /// Computed once per process and folder: the weights do not change under a running host.
    /// </summary>
    public string Revision(params string[] fileNames)
    {
        ArgumentNullException.ThrowIfNull(fileNames);
        var paths = Array.ConvertAll(fileNames, File);
        var key = string.Join('\n', paths);
        return Revisions.GetOrAdd(key, _ => new Lazy<string>(() => Sha256Of(paths))).Value;
    }

    private static string Sha256Of(string[] paths)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (var path in paths)
        {
            using var stream = System.IO.File.OpenRead(path);
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
