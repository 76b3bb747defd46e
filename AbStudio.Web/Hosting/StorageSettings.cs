namespace AbStudio.Web.Hosting;

/// <summary>Where AbStudio keeps its files: the SQLite database, vector files, models and logs (<c>Storage</c>).</summary>
public sealed class StorageSettings
{
    public const string Section = "Storage";

    /// <summary>Relative paths resolve against the directory the app was started from.</summary>
    public string DataDirectory { get; set; } = "data";

    public string ResolveDataDirectory() => Path.GetFullPath(DataDirectory);
}
