namespace AbStudio.Identity;

/// <summary>The three roles of docs/adr/0006: a user holds them globally, teams say where they apply.</summary>
public static class Roles
{
    /// <summary>Everything, in every team.</summary>
    public const string Admin = "Admin";

    /// <summary>Create, run, export and delete within their teams.</summary>
    public const string Engineer = "Engineer";

    /// <summary>Read within their teams.</summary>
    public const string Viewer = "Viewer";

    public static IReadOnlyList<string> All { get; } = [Admin, Engineer, Viewer];

    /// <summary>The role as spelled here, whatever the case it was typed in; null when it is not one.</summary>
    public static string? Find(string name) =>
        All.FirstOrDefault(role => string.Equals(role, name, StringComparison.OrdinalIgnoreCase));
}
