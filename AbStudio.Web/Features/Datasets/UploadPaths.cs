using System.IO.Compression;

namespace AbStudio.Web.Features.Datasets;

/// <summary>
/// The paths an upload may name: relative, '/'-separated, without '..' or empty segments, so no file
/// name (nor zip entry) can reach outside the upload's own folder.
/// </summary>
public static class UploadPaths
{
    /// <summary>Returns <paramref name="name"/> when it is a safe relative path; throws <see cref="DatasetUploadException"/> otherwise.</summary>
    public static string Check(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsSafe(name))
        {
            throw new DatasetUploadException(
                $"The file name '{name}' is not allowed: use a relative path inside the dataset such as 'qrels/test.tsv' (no '..', no leading '/', no '\\').");
        }

        return name;
    }

    public static bool IsSafe(string name) =>
        name.Length > 0
        && !name.Contains('\\', StringComparison.Ordinal)
        && !name.Contains(':', StringComparison.Ordinal)
        && !name.Any(char.IsControl)
        && !Path.IsPathRooted(name)
        && name.Split('/').All(segment => segment is not ("" or "." or ".."));

    /// <summary>Refuses a file that is not a readable zip, or one with an entry whose path is not safe.</summary>
    public static void CheckZip(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            foreach (var entry in zip.Entries)
            {
                // Folder entries end in '/'; their name without it must be safe like any file's.
                if (!IsSafe(entry.FullName.TrimEnd('/')))
                {
                    throw new DatasetUploadException(
                        $"The zip has an entry with an unsafe path, '{entry.FullName}' (absolute, or with '..'): it was rejected; zip the dataset's folder as it is.");
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new DatasetUploadException($"The file '{Path.GetFileName(path)}' is not a readable .zip ({e.Message}).");
        }
    }
}
