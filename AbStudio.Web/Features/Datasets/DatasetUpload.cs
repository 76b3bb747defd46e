using System.ComponentModel.DataAnnotations;
using AbStudio.Domain.Datasets;

namespace AbStudio.Web.Features.Datasets;

/// <summary>
/// A dataset sent over the wire: one .zip (BEIR's downloads are zips), or the dataset's files one by
/// one, each named by its path inside the dataset (<c>qrels/test.tsv</c>). The API reads it from a
/// multipart form; a console page can build it from its file picker. <see cref="CreatedBy"/> says which
/// ("api", "console"), as the dataset's page shows it.
/// </summary>
public sealed record DatasetUpload(
    IReadOnlyList<UploadedFile> Files, DatasetFormat? Format = null, string? Name = null, string? Split = null, string CreatedBy = "api")
{
    /// <summary>The team to own it, by id or name; null: the uploader's only team (see <see cref="Accounts.ActorTeams"/>).</summary>
    public string? Team { get; init; }
}

/// <summary>One uploaded file: its name as the client gave it and a way to read it once.</summary>
public sealed record UploadedFile(string Name, Func<Stream> OpenRead);

/// <summary>An upload that cannot be a dataset at all (unsafe paths, not a zip, no files, no team to own it): nothing was imported.</summary>
public sealed class DatasetUploadException(string message) : Exception(message)
{
    /// <summary>The form field at fault (<c>team</c>), when it is one field rather than the files.</summary>
    public string? Field { get; init; }
}

/// <summary>The <c>Datasets:Upload</c> section: how large an upload the API accepts.</summary>
public sealed class DatasetUploadLimits
{
    public const string Section = "Datasets:Upload";

    /// <summary>Bytes of one upload request (all files together), 1 GiB by default.</summary>
    [Range(1L, long.MaxValue, ErrorMessage = "set a positive number of bytes.")]
    public long MaxBytes { get; set; } = 1L << 30;
}
