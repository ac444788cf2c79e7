import { Arg, Args, Authorized, Ctx, Field, InputType, ObjectType, Query, Resolver } from 'type-graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { requirePrincipal } from '../../auth/member-access';
import { ForbiddenError } from '../../common/errors';
import type { Database } from '../../data/database';
import type { GraphQLContext } from '../../graphql/context';
import {
  ConnectionArgs,
  ConnectionType,
  connectionComplexity,
  decodeCursor,
  toConnection,
} from '../../graphql/connection';
import { AuditEntry } from './audit-entry.entity';
import { AuditRepository } from './audit.repository';

@InputType()
export class AuditFilter {
  @Field(() => String, { nullable: true, description: 'e.g. member' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  targetType?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  targetId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  actorId?: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. member.merge' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  action?: string | null;
}

@ObjectType()
export class AuditEntryConnection extends ConnectionType('AuditEntry', AuditEntry) {}

@Resolver(() => AuditEntry)
export class AuditResolver {
  constructor(
    private readonly db: Database,
    private readonly repository: AuditRepository,
  ) {}

  @Authorized('staff', 'admin')
  @Query(() => AuditEntryConnection, {
    complexity: connectionComplexity,
    description:
      'Newest first. Admins read everything; staff only their own entries (filter.actorId set to their subject), so the support console can show the audit entry of what they just did',
  })
  async auditLog(
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
    @Arg('filter', () => AuditFilter, { nullable: true }) filter: AuditFilter | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AuditEntryConnection> {
    const principal = requirePrincipal(ctx.principal);
    if (principal.role !== 'admin' && filter?.actorId !== principal.subject) {
      throw new ForbiddenError('Staff may read only their own audit entries (filter.actorId)');
    }
    const rows = await this.repository.page(
      this.db.manager,
      filter ?? {},
      decodeCursor('audit', after),
      first + 1,
    );
    return toConnection('audit', rows, first);
  }
}
