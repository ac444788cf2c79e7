import { Arg, Args, Authorized, Field, InputType, ObjectType, Query, Resolver } from 'type-graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { Database } from '../../data/database';
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

  @Authorized('admin')
  @Query(() => AuditEntryConnection, { complexity: connectionComplexity, description: 'Newest first' })
  async auditLog(
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
    @Arg('filter', () => AuditFilter, { nullable: true }) filter: AuditFilter | null,
  ): Promise<AuditEntryConnection> {
    const rows = await this.repository.page(
      this.db.manager,
      filter ?? {},
      decodeCursor('audit', after),
      first + 1,
    );
    return toConnection('audit', rows, first);
  }
}
