using HeatRelief.Acks;
using HeatRelief.Alerts;
using HeatRelief.Sites;
using HeatRelief.Visits;

namespace HeatRelief.Dashboard;

/// <summary>What the officer's page shows of one visit: the visit, its site, its alert and the site's acknowledgement.</summary>
public sealed record OfficerVisitFacts(Visit Visit, Site? Site, Alert? Alert, AckCase? Ack);
