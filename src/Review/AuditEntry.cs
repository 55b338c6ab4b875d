using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using HeatRelief.Visits;

namespace HeatRelief.Review;

/// <summary>An audit record as stored: time in UTC, contact details masked, <see cref="Details"/> as raw JSON.</summary>
public sealed record AuditEntry(
    DateTimeOffset Time,
    string Kind,
    string? SiteId,
    string? OfficerId,
    string? AlertId,
    string? VisitId,
    string Actor,
    string? CorrelationId,
    string Message,
    string? Details);
