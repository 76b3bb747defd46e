using System.Diagnostics.CodeAnalysis;

// "Shared" is the folder name ARCHITECTURE.md gives for components two features use; it is a VB
// keyword, which matters only to VB consumers of a public library, and this host has none.
[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "namespace", Target = "~N:AbStudio.Web.Components.Shared",
    Justification = "Internal Blazor components of this host; no VB consumers.")]
