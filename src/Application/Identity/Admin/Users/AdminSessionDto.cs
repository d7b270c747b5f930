using FluentValidation;
using MapsterMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Mapping;
using Platform.Application.Common.Paging;
using Platform.Application.Common.Security;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Admin.Users;

/// <summary>A live cookie session (never its token: only a hash of it is stored anyway).</summary>
public sealed record AdminSessionDto(long Id, int UserId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset LastSeenAt, string? UserAgent, string? IpAddress);
