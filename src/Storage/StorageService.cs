namespace HeatRelief.Storage;

/// <summary>The storage service a request went to.</summary>
public enum StorageService
{
    Table,
    Queue,
    Blob,
}
