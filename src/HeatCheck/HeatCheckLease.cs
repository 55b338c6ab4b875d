using Azure;

namespace HeatRelief.HeatCheck;

/// <summary>
/// The heat check's lock as stored: who holds it (<c>timer</c> or <c>admin:NAME</c>), since when, until when it
/// counts unless renewed, and the ETag that proves the holder's writes are its own.
/// </summary>
public sealed record HeatCheckLease(string Holder, DateTimeOffset Since, DateTimeOffset HeldUntil, ETag ETag);
