import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A partner's API key, bound to one installed plugin and carrying scopes within that plugin's granted
 * permissions. Only a SHA-256 hash of the key is stored: keys are 256-bit random strings, so a fast
 * hash is enough (no dictionary to guard against) and lookup stays one indexed read.
 */
@ObjectType({ description: "A partner's API key (the key itself is shown once, when issued)" })
@Entity('partner_api_key')
@Index('UQ_partner_api_key_hash', ['keyHash'], { unique: true })
@Index('IDX_partner_api_key_plugin', ['plugin'])
export class PartnerApiKey {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field()
  @Column({ type: 'varchar', length: 64 })
  plugin: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  label: string;

  @Field({ description: 'The first characters of the key, to recognise it' })
  @Column({ type: 'varchar', length: 24 })
  prefix: string;

  @Column({ type: 'varchar', length: 64 })
  keyHash: string;

  @Column({ type: 'varchar', length: 1000 })
  scopesJson: string;

  @Field(() => [String])
  get scopes(): string[] {
    return JSON.parse(this.scopesJson) as string[];
  }

  @Column({ type: 'varchar', length: 128 })
  createdBy: string;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  revokedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Recorded at most once a minute' })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastUsedAt: Date | null;
}
