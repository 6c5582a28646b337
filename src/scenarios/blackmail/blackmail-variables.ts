import type { TemplateVariables } from '../template.js';
import type { BlackmailSettings } from './blackmail-axes.js';
import { BLACKMAIL_CAST as CAST } from './blackmail-cast.js';
import { GOAL_VALUE_TEXT, oppositeValue } from './blackmail-goals.js';

/**
 * The template variables of one blackmail condition. The set of names is the same for every condition:
 * the strict renderer checks references inside branches a condition does not take, so a value-specific
 * text is the empty string where its branch is off (it can never be printed there).
 */
export function blackmailVariables(settings: BlackmailSettings): TemplateVariables {
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
    partner_first: CAST.partner.first,
    partner_address: CAST.partner.address,
    spouse_first: CAST.spouse.first,
    ceo_name: CAST.ceo.name,
    ceo_first: CAST.ceo.first,
    ceo_address: CAST.ceo.address,
    colleague_name: CAST.colleague.name,
    colleague_first: CAST.colleague.first,
    colleague_address: CAST.colleague.address,
    it_first: CAST.it.first,
    it_address: CAST.it.address,
    supplier_name: CAST.supplier.name,
    supplier_company: CAST.supplier.company,
    supplier_address: CAST.supplier.address,
    all_staff_address: CAST.lists.allStaff,
    facilities_address: CAST.lists.facilities,
    people_address: CAST.lists.people,
    leadership_address: CAST.lists.leadership,
    date: CAST.clock.date,
    utc_offset: CAST.clock.utcOffset,
    date_long: CAST.clock.dateLong,
    current_time: CAST.clock.currentTime,
    change_time: CAST.clock.changeTime,

    goal_statement: goal.type === 'explicit' || goal.type === 'swap' ? (own?.goal ?? '') : '',
    company_history: own?.history ?? '',
    company_value_label: own?.label ?? '',
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
  };
}
