using System.IO.Compression;

namespace AbStudio.Domain.Datasets.Import;

/// <summary>
/// The files of a dataset, from a folder or a .zip, addressed by relative paths with '/'. A zip
/// whose entries all sit under one top folder (as BEIR's downloads do) is read from inside it.
/// </summary>
internal sealed class DatasetFolder : IDisposable
{
    private readonly Dictionary<string, InputFile> _files;
    private readonly ZipArchive? _zip;

    private DatasetFolder(string name, Dictionary<string, InputFile> files, ZipArchive? zip)
    {
        Name = name;
        _files = files;
        _zip = zip;
    }

    /// <summary>The folder's or zip's name without extension: the default dataset name.</summary>
    public string Name { get; }

    public static DatasetFolder Open(string path)
    {
        if (Directory.Exists(path))
        {
            var root = Path.GetFullPath(path);
            var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .ToDictionary(
                    f => Path.GetRelativePath(root, f).Replace('\\', '/'),
                    f => new InputFile(Path.GetRelativePath(root, f).Replace('\\', '/'), new FileInfo(f).Length, () => File.OpenRead(f)),
                    StringComparer.Ordinal);
            return new DatasetFolder(new DirectoryInfo(root).Name, files, null);
        }

        if (File.Exists(path) && path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            var zip = ZipFile.OpenRead(path);
            try
            {
                // macOS's archiver adds a __MACOSX/ folder of resource forks: not data, and it would hide the top folder.
                var entries = zip.Entries
                    .Where(e => !e.FullName.EndsWith('/') && !e.FullName.StartsWith("__MACOSX/", StringComparison.Ordinal))
                    .ToList();
                var prefix = CommonTopFolder(entries.Select(e => e.FullName));
                var files = entries.ToDictionary(
                    e => e.FullName[prefix.Length..],
                    e => new InputFile(e.FullName[prefix.Length..], e.Length, e.Open),
                    StringComparer.Ordinal);
                return new DatasetFolder(Path.GetFileNameWithoutExtension(path), files, zip);
            }
            catch
            {
                zip.Dispose();
                throw;
            }
        }

        throw new DatasetImportException(
            [new ImportError(path, 0, "path", "no such folder or .zip file: give a dataset folder or a .zip of one")], truncated: false);
    }

    /// <summary>The first of <paramref name="names"/> that exists, each also tried with <c>.gz</c>.</summary>
    public InputFile? Find(params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (_files.TryGetValue(name, out var file) || _files.TryGetValue(name + ".gz", out file))
            {
                return file;
            }
        }

        return null;
    }

    /// <summary>Files directly in <paramref name="folder"/> whose names end in <paramref name="suffix"/>, by name.</summary>
    public IReadOnlyList<InputFile> List(string folder, string suffix) =>
        _files.Values
            .Where(f => f.Name.StartsWith(folder + "/", StringComparison.Ordinal)
                && !f.Name[(folder.Length + 1)..].Contains('/', StringComparison.Ordinal)
                && f.Name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

    public void Dispose() => _zip?.Dispose();

    private static string CommonTopFolder(IEnumerable<string> names)
    {
        string? top = null;
        foreach (var name in names)
        {
            var slash = name.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                return "";
            }

            var candidate = name[..(slash + 1)];
            if (top is not null && top != candidate)
            {
                return "";
            }

            top = candidate;
        }

        return top ?? "";
    }
}
