// An error boundary per screen: a bug in one panel shows its message there and leaves the rest usable.

import { Component } from 'react'
import type { ErrorInfo, ReactNode } from 'react'

type Props = Readonly<{ name: string; children: ReactNode }>
type State = Readonly<{ error: Error | null }>

export class PanelBoundary extends Component<Props, State> {
  override state: State = { error: null }

  static getDerivedStateFromError(error: Error): State {
    return { error }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`The ${this.props.name} panel failed`, error, info.componentStack)
  }

  override render(): ReactNode {
    const { error } = this.state
    if (error === null) {
      return this.props.children
    }
    return (
      <div className="card panel-failed" role="alert">
        <h2>The {this.props.name} panel stopped working</h2>
        <p className="muted">{error.message}</p>
        <button type="button" className="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    )
  }
}
