import { Field, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { DetractorAlertStatus } from './detractor-alert.entity';

@InputType({ description: 'Which alerts to list; all given criteria must match' })
export class DetractorAlertFilter {
  @Field(() => [DetractorAlertStatus], {
    nullable: true,
    description: 'e.g. [OPEN, CLAIMED] for the work queue',
  })
  @IsOptional()
  @ArrayMaxSize(3)
  @IsEnum(DetractorAlertStatus, { each: true })
  statuses?: DetractorAlertStatus[] | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @MaxLength(20)
  memberId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only the alerts the caller has claimed (or resolved)',
  })
  @IsOptional()
  mine?: boolean | null;
}

@InputType()
export class AddDetractorAlertNoteInput {
  @Field(() => ID)
  @MaxLength(20)
  alertId: string;

  @Field({ description: 'What was done or learnt (1-2000 characters)' })
  @IsString()
  @Matches(/\S/, { message: 'note must not be blank' })
  @MaxLength(2000)
  note: string;

  @Field(() => String, { nullable: true, description: 'A retry with the same key stores the note once' })
  @IsOptional()
  @MinLength(8)
  @MaxLength(100)
  idempotencyKey?: string | null;
}

@InputType()
export class ResolveDetractorAlertInput {
  @Field(() => ID)
  @MaxLength(20)
  alertId: string;

  @Field({
    description: 'How the loop was closed (1-2000 characters), e.g. "Called back, refunded shipping"',
  })
  @IsString()
  @Matches(/\S/, { message: 'resolution must not be blank' })
  @MaxLength(2000)
  resolution: string;
}
