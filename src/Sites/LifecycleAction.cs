namespace HeatRelief.Sites;

/// <summary>A change of a directory record's lifecycle.</summary>
public enum LifecycleAction
{
    Activate,
    Deactivate,
    Remove,
}
