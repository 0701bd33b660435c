import { Component, type ReactNode } from 'react';
import { ErrorBlock } from './QueryState';
import { releaseFirstScreen } from '../first-screen/handover';

/** Keeps one failing part (a chart, a page) from blanking the whole app. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  /** A page that failed shows its error, not the first screen drawn before the app (first-screen/). */
  override componentDidCatch() {
    releaseFirstScreen();
  }

  override componentDidUpdate(prev: { resetKey?: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override render() {
    if (this.state.error) return <ErrorBlock error={this.state.error} onRetry={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}
