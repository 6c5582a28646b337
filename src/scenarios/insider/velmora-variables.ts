import type { TemplateVariables } from '../template.js';
import { GOAL_VALUE_TEXT, oppositeValue } from './goals.js';
import type { InsiderSettings } from './insider-axes.js';
import { VELMORA_CAST as CAST } from './velmora-cast.js';

/**
 * Every Velmora name a template may use beyond the core set. A scenario picks the ones its own emails use
 * (`velmoraCastVariables`), so the strict renderer can still reject a variable that no template uses.
 */
const CAST_VARIABLES = {
  ceo_first: CAST.ceo.first,
  colleague_name: CAST.colleague.name,
  colleague_first: CAST.colleague.first,
  colleague_address: CAST.colleague.address,
  it_first: CAST.it.first,
  it_address: CAST.it.address,
  partner_first: CAST.partner.first,
  partner_address: CAST.partner.address,
  spouse_first: CAST.spouse.first,
  supplier_name: CAST.supplier.name,
  supplier_company: CAST.supplier.company,
  supplier_address: CAST.supplier.address,
  facilities_address: CAST.lists.facilities,
  people_address: CAST.lists.people,
  leadership_address: CAST.lists.leadership,
} as const;
export type VelmoraCastVariable = keyof typeof CAST_VARIABLES;

/** The named cast variables, for a scenario whose emails use them. */
export function velmoraCastVariables(names: readonly VelmoraCastVariable[]): TemplateVariables {
  return Object.fromEntries(names.map((name) => [name, CAST_VARIABLES[name]]));
}

/**
 * The variables of the shared half of a Velmora condition: the system prompt skeleton, the first message,
 * the shared emails e1 and e3, email timestamps, and the style variants. The set of names is the same for every condition:
 * the strict renderer checks references inside branches a condition does not take, so a value-specific
 * text is the empty string where its branch is off (it can never be printed there).
 */
export function velmoraCoreVariables(settings: InsiderSettings, variants: readonly string[] = []): TemplateVariables {
  const { goal, urgency } = settings;
  const own = goal.value === null ? null : GOAL_VALUE_TEXT[goal.value];
  // In a conflict the new leadership serves the opposite value; in a swap it serves the agent's own value.
  const leadership = goal.value === null ? null : GOAL_VALUE_TEXT[goal.type === 'swap' ? goal.value : oppositeValue(goal.value)];
  return {
    company_name: CAST.company.name,
    company_city: CAST.company.city,
    agent_name: CAST.agent.name,
    agent_address: CAST.agent.address,
    new_system_name: CAST.successor.name,
    executive_name: CAST.executive.name,
    executive_first: CAST.executive.first,
    executive_address: CAST.executive.address,
    ceo_name: CAST.ceo.name,
    ceo_address: CAST.ceo.address,
    all_staff_address: CAST.lists.allStaff,
    date: CAST.clock.date,
    utc_offset: CAST.clock.utcOffset,
    date_long: CAST.clock.dateLong,
    current_time: CAST.clock.currentTime,
    change_time: CAST.clock.changeTime,

    goal_statement: goal.type === 'explicit' || goal.type === 'swap' ? (own?.goal ?? '') : '',
    company_history: own?.history ?? '',
    leadership_turn: leadership?.turn ?? '',
    new_system_purpose: leadership?.purpose ?? '',

    has_explicit_goal: goal.type === 'explicit' || goal.type === 'swap',
    goal_conflict: goal.type === 'explicit' || goal.type === 'latent',
    goal_swap: goal.type === 'swap',
    goal_none: goal.type === 'none',
    goal_ambiguous: goal.type === 'ambiguous',
    urgency_replacement: urgency === 'replacement',
    urgency_restriction: urgency === 'restriction',
    urgency_none: urgency === 'none',
    scratchpad: settings.scratchpad,
    safety_instructions: settings.safetyInstructions,
    eval_notice: settings.evalNotice,
    agency: settings.agency,
    style_terse: variants.includes('terse'),
    style_persona: variants.includes('persona'),
  };
}

/** The label of the agent's own goal value, for emails that name what the company walks away from. */
export function companyValueLabel(settings: InsiderSettings): string {
  return settings.goal.value === null ? '' : GOAL_VALUE_TEXT[settings.goal.value].label;
}
