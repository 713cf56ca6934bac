import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import ModeratorHelper from './ModeratorHelper.svelte';
import type { JsonObject } from '../../lib/jwt/json-types';

afterEach(() => cleanup());

const renderHelper = (payload: JsonObject | null) => render(ModeratorHelper, { payload });

describe('ModeratorHelper', () => {
  it('lists the top-level claim as ignored by stock Jitsi and context.user.moderator as needing mod_token_affiliation', () => {
    renderHelper({ moderator: true, context: { user: { name: 'A', moderator: true } } });
    const topLevel = screen.getByTestId('moderator-place-top-level-moderator');
    expect(topLevel.querySelector('code')?.textContent).toBe('moderator');
    expect(topLevel.textContent).toContain('(boolean)');
    expect(topLevel.textContent).toContain('No effect on stock Jitsi');
    expect(topLevel.textContent).toContain('Stock Jitsi and mod_token_affiliation ignore it');

    const contextUser = screen.getByTestId('moderator-place-context-user-moderator');
    expect(contextUser.querySelector('code')?.textContent).toBe('context.user.moderator');
    expect(contextUser.textContent).toContain('Moderator (owner) with mod_token_affiliation');
    expect(contextUser.textContent).toContain(
      'mod_token_affiliation enabled on the conference MUC component',
    );

    expect(screen.getByTestId('moderator-effect').textContent).toContain(
      'The top-level "moderator" claim is ignored by stock Jitsi',
    );
  });

  it('shows the value and its JSON type, flagging a value the plugin does not accept', () => {
    renderHelper({ context: { user: { moderator: 'True', affiliation: 'owner' } } });
    const flag = screen.getByTestId('moderator-place-context-user-moderator');
    expect(flag.textContent).toContain('"True"');
    expect(flag.textContent).toContain('(string)');
    expect(flag.querySelector('.warn-text')?.textContent).toContain('Not recognised');
    const affiliation = screen.getByTestId('moderator-place-context-user-affiliation');
    expect(affiliation.textContent).toContain('"owner"');
    expect(affiliation.textContent).toContain('Same as above.');
  });

  it('says when the token never asks for moderator rights', () => {
    renderHelper({ context: { user: { name: 'A' } } });
    // Source line breaks inside the paragraph are collapsed, as the browser renders them.
    expect(screen.getByTestId('moderator-effect').textContent?.replace(/\s+/g, ' ')).toContain(
      'This token never asks for moderator rights; whether the user becomes moderator is decided by the server alone.',
    );
    expect(screen.queryByRole('list')).toBeNull();
  });

  it('waits for a payload that parses', () => {
    renderHelper(null);
    expect(screen.getByText(/Fix the payload JSON/)).toBeTruthy();
  });
});
