using AzureGateway.IR;
using k8s.Models;

namespace AzureGateway.Translation.Routes;

/// <summary>
/// One route match placed on a port and virtual host, with what its precedence is decided by: the match (and for a
/// GRPCRoute's, its service and method), the route's age and name, and where the match sits in the route.
/// </summary>
public sealed record RankedRoute(
    int Port, string Hostname, RouteIr Route, V1ObjectMeta RouteMetadata, int RuleIndex, int MatchIndex, GrpcMatchRank? GrpcRank = null);
