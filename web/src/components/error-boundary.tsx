import { Component, type ReactNode } from 'react';

/** Whatever breaks in a page, the person sees words and a way on, never a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="page page--narrow" role="alert">
        <h1>Something went wrong on this page</h1>
        <p>Reloading usually helps. Your threads are safe in your library.</p>
        <button type="button" className="button button--primary" onClick={() => location.assign('/')}>
          Back to the start
        </button>
      </div>
    );
  }
}
